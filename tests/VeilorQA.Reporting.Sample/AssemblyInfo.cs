[assembly: VeilorQA.Fixtures.Reporting.AllureReport]
