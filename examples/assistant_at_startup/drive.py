import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.solve("3x + 11 = 14"))
