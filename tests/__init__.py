"""The tests mirror bot/: kb/, understand/, answer/, charts/, projection/, live/, db/ and exts/
(the Discord layer, through dpytest) test those packages; cli/ the command line and console;
deploy/ the image, its health check and secrets; eval/ the public question sets; the files here
bot's top-level modules (commands, the engine as a whole, the store). Fixtures are defined once in
conftest.py (the dpytest `bot` is chosen with `pytest.mark.bot(...)`), other shared code is in
helpers/; no test file imports another."""
