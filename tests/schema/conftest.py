def pytest_terminal_summary(terminalreporter):
    from tests.schema.test_schemathesis import compteur

    terminalreporter.write_line(f"schemathesis : {compteur['cas']} cas générés et envoyés à l'API")
