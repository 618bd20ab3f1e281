# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
from openai import OpenAI
app = importlib.import_module(sys.argv[1])
bot = app.SupportBot(OpenAI(), "asst_support")
for question in ("My printer is offline", "I restarted it", "Still offline"):
    print(bot.ask(question))
