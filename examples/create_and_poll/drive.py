import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.answer("Where is my order?", "asst_orders"))
