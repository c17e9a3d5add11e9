using System.Diagnostics;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Matrix;

namespace VeilorQA.Harness.Tests.Matrix;

/// <summary>What reaches the matrix loader that is no matrix: each gets one error with file:line and none hangs or crashes.</summary>
[NonParallelizable]
public class MatrixFileTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-matrix-file-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Twenty_thousand_nested_brackets_give_a_nesting_error_not_a_stack_overflow()
    {
        var path = Write("deep.yml", "version: 1\nartifacts: " + new string('[', 20_000) + new string(']', 20_000) + "\n");

        var error = Load(path);

        error.Message.Should().StartWith($"{path}:2:").And.Contain("expected at most 64 nested lists or mappings, got deeper nesting");
    }

    [Test]
    public void A_50_MB_file_is_refused_by_its_size_before_it_is_read()
    {
        var path = Path.Combine(_dir, "big.yml");
        using (var file = File.Create(path))
        {
            file.SetLength(50L * 1024 * 1024);
        }

        var clock = Stopwatch.StartNew();
        var error = Load(path);

        error.Message.Should().Be($"{path}:0:0: (file): expected a matrix file of at most 1048576 bytes, got 52428800 bytes");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the file is never read");
    }

    [Test]
    public async Task A_FIFO_is_refused_at_once_instead_of_blocking_for_a_writer()
    {
        var path = Path.Combine(_dir, "fifo.yml");
        (await ExternalCommand.RunAsync("mkfifo", [path], TimeSpan.FromSeconds(10))).ExitCode.Should().Be(0);

        var load = Task.Run(() => Load(path));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))) == load;

        finished.Should().BeTrue("reading a FIFO must not wait for a writer");
        (await load).Message.Should().Be($"{path}:0:0: (file): expected a readable matrix file (a regular file), got a FIFO (named pipe)");
    }

    [Test]
    public void A_directory_is_named_as_one()
    {
        Load(_dir).Message.Should().Be($"{_dir}:0:0: (file): expected a readable matrix file (a regular file), got a directory");
    }

    [Test]
    public void A_missing_file_is_named_as_missing()
    {
        var path = Path.Combine(_dir, "nope.yml");

        Load(path).Message.Should().Be($"{path}:0:0: (file): expected a readable matrix file (a regular file), got no such file");
    }

    [Test]
    public void A_non_UTF8_byte_is_named_with_its_line_and_column_not_as_a_YAML_error()
    {
        var path = Path.Combine(_dir, "latin1.yml");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("version: 1\ndefault_target: caf"), 0xE9, (byte)'\n']);

        var error = Load(path);

        error.Line.Should().Be(2);
        error.Column.Should().Be(20);
        error.Message.Should().Contain("expected UTF-8 text, got byte 0xE9 at offset 30, which is not UTF-8");
    }

    [Test]
    public void A_UTF8_byte_order_mark_is_accepted()
    {
        var path = Path.Combine(_dir, "bom.yml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(MatrixSamples.Path("valid-minimal.yml"))]);
        File.Copy(MatrixSamples.Path("valid-minimal.yml"), Path.Combine(_dir, "unused.yml"));
        Directory.CreateDirectory(Path.Combine(_dir, "vms", "reference"));

        var act = () => TestMatrixLoader.Load(path);

        act.Should().NotThrow();
    }

    [Test]
    public void The_file_kind_is_read_without_opening_the_file()
    {
        FileStatus.Of(_dir).Kind.Should().Be(FileKind.Directory);
        FileStatus.Of("/dev/null").Kind.Should().Be(FileKind.CharacterDevice);
        FileStatus.Of(MatrixSamples.RealMatrix).Should().Match<FileStatus>(s => s.Kind == FileKind.Regular && s.Size > 1000);
        FileStatus.Of(Path.Combine(_dir, "missing")).Kind.Should().Be(FileKind.Missing);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static MatrixException Load(string path)
    {
        var act = () => TestMatrixLoader.Load(path);
        return act.Should().Throw<MatrixException>().Which;
    }
}
