"""What the tests, the CI container check and the benchmarks share: sites, the fake Discord, the bot.

`conftest.py` files hold fixtures only; anything imported lives here, once.
"""
