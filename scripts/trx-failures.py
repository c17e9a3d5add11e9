#!/usr/bin/env python3
"""Prints each failed test of the given .trx files with the first lines of its message, so that the
tail of a CI log (often all that is kept) says which test failed and why."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_LINES = 12

failed = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        print(f"{path}: unreadable test results ({error})")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        failed += 1
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        lines = message.splitlines()
        print(f"FAILED {result.get('testName')} ({result.get('duration', '?')})")
        for line in lines[:MAX_LINES]:
            print(f"    {line}")
        if len(lines) > MAX_LINES:
            print(f"    ... {len(lines) - MAX_LINES} more lines in the .trx")
if failed:
    print(f"{failed} failed test(s) listed above")
