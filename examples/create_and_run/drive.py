import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.quick("Summarise: the sky is blue"))
