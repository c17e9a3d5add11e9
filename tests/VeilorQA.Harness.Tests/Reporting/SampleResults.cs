using VeilorQA.Harness.Reporting;

namespace VeilorQA.Harness.Tests.Reporting;

/// <summary>Fixed results (fixed uuids and times) for golden-file and summary tests.</summary>
internal static class SampleResults
{
    public const long Start = 1767225600000; // 2026-01-01T00:00:00Z

    public static TestResult Failed() => new()
    {
        Uuid = "00000000-0000-4000-8000-000000000001",
        HistoryId = "3f2a9c1b5d7e4a608b1c2d3e4f506172",
        TestCaseId = "9a8b7c6d5e4f30211203f4e5d6c7b8a9",
        FullName = "VeilorQA.Release.Suspend.SuspendResume.Wifi_reconnects_after_resume(\"vm-q35\")",
        Name = "Wifi_reconnects_after_resume(\"vm-q35\")",
        Description = "Suspend to RAM, wake, and expect NetworkManager to reconnect within 30 s.",
        Links = [new Link("VEIL-42", "https://issues.example/VEIL-42", "issue")],
        Labels =
        [
            Label.ParentSuite("VeilorQA.Release.Suspend"),
            Label.Suite("SuspendResume"),
            Label.SubSuite("Wifi_reconnects_after_resume"),
            Label.Feature("suspend/resume"),
            Label.Severity(Severity.Blocker),
            Label.Tag("wifi"),
            new Label(LabelNames.Host, "ci-runner-1"),
            new Label(LabelNames.Thread, "4242-7"),
            new Label(LabelNames.Framework, "nunit"),
            new Label(LabelNames.Language, "csharp"),
            new Label(LabelNames.Package, "VeilorQA.Release.Suspend"),
            new Label(LabelNames.TestClass, "VeilorQA.Release.Suspend.SuspendResume"),
            new Label(LabelNames.TestMethod, "Wifi_reconnects_after_resume"),
        ],
        Status = AllureStatus.Failed,
        StatusDetails = new StatusDetails
        {
            Message = "Expected: \"connected\"\n  But was:  \"disconnected\"",
            Trace = "at VeilorQA.Release.Suspend.SuspendResume.Wifi_reconnects_after_resume(String target)",
        },
        Stage = AllureStage.Finished,
        Start = Start,
        Stop = Start + 61_250,
        Steps =
        [
            new StepResult
            {
                Name = "suspend with rtcwake -m mem -s 10",
                Status = AllureStatus.Passed,
                Start = Start + 1_000,
                Stop = Start + 15_000,
                Steps =
                [
                    new StepResult
                    {
                        Name = "wait for 'PM: suspend exit'",
                        Status = AllureStatus.Passed,
                        Start = Start + 2_000,
                        Stop = Start + 14_500,
                        Attachments = [new Attachment("serial console", "00000000-0000-4000-8000-0000000000a1-attachment.txt", AttachmentTypes.Text)],
                    },
                ],
                Parameters = [new Parameter("seconds", "10")],
            },
            new StepResult
            {
                Name = "expect wifi connected",
                Status = AllureStatus.Failed,
                StatusDetails = new StatusDetails { Message = "Expected: \"connected\"" },
                Start = Start + 15_000,
                Stop = Start + 61_000,
                Attachments = [new Attachment("screen", "00000000-0000-4000-8000-0000000000a2-attachment.png", AttachmentTypes.Png)],
            },
        ],
        Attachments = [new Attachment("nmcli device", "00000000-0000-4000-8000-0000000000a3-attachment.csv", AttachmentTypes.Csv)],
        Parameters =
        [
            new Parameter("target", "vm-q35"),
            new Parameter("artifact", "reference-guest"),
            new Parameter("fault", "wifi-not-restored"),
            Parameter.Masked("luks passphrase"),
            new Parameter("run id", "r20260101") { Excluded = true },
        ],
    };

    public static TestResultContainer Container() => new()
    {
        Uuid = "00000000-0000-4000-8000-000000000002",
        Name = "VeilorQA.Release.Suspend.SuspendResume",
        Children = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000003"],
        Befores =
        [
            new FixtureResult
            {
                Name = "OneTimeSetUp: BootTarget",
                Status = AllureStatus.Broken,
                StatusDetails = new StatusDetails { Message = "libvirt: cannot connect to qemu:///system", Trace = "at VeilorQA.Harness.Libvirt.Connection.Open()" },
                Start = Start - 40_000,
                Stop = Start,
            },
        ],
        Afters =
        [
            new FixtureResult
            {
                Name = "OneTimeTearDown: DestroyTarget",
                Status = AllureStatus.Passed,
                Start = Start + 62_000,
                Stop = Start + 63_000,
            },
        ],
        Start = Start - 40_000,
        Stop = Start + 63_000,
    };

    public static TestResult With(string name, AllureStatus status, string? message = null, long stop = Start + 1) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        HistoryId = name,
        FullName = "Suite." + name,
        Name = name,
        Status = status,
        StatusDetails = message is null ? null : new StatusDetails { Message = message },
        Start = Start,
        Stop = stop,
    };
}
