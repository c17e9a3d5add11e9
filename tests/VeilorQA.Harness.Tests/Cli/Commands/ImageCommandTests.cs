using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli;
using VeilorQA.Cli.Commands;

namespace VeilorQA.Harness.Tests.Cli.Commands;

/// <summary>Argument checks of <c>veilorqa image</c> and <c>veilorqa guest build installer</c> that fail before any build or push.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ImageCommandTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.1:5000/veilorqa")]
    public async Task A_registry_that_is_not_host_port_is_one_clear_error(string registry)
    {
        var (exit, error) = await Invoke(() => ImageCommand.Create().Parse(["push", "--registry", registry]).InvokeAsync());

        exit.Should().Be(1);
        error.Should().Be($"veilorqa image push: --registry wants HOST:PORT, got '{registry}'\n");
    }

    [Test]
    public async Task A_ca_folder_without_ca_crt_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-ca-test-").FullName;
        try
        {
            var (exit, error) = await Invoke(() => ImageCommand.Create().Parse(["push", "--registry", "127.0.0.1:5000", "--tls-ca", dir]).InvokeAsync());

            exit.Should().Be(1);
            error.Should().Contain($"--tls-ca {dir} holds no ca.crt");
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Test]
    public void The_image_command_is_registered_and_guest_build_accepts_installer_only_besides_reference()
    {
        var root = VeilorQaCommand.Build();

        root.Subcommands.Select(c => c.Name).Should().Contain("image");
        root.Subcommands.Single(c => c.Name == "image").Subcommands.Select(c => c.Name).Should().Equal("build", "push", "serve");
        root.Parse(["guest", "build", "installer"]).Errors.Should().BeEmpty();
        root.Parse(["guest", "build"]).Errors.Should().BeEmpty();
        root.Parse(["guest", "build", "kernel"]).Errors.Should().NotBeEmpty();
        root.Parse(["image", "serve", "--mode", "auth"]).Errors.Should().BeEmpty();
        root.Parse(["image", "serve", "--mode", "bogus"]).Errors.Should().NotBeEmpty();
    }

    private static async Task<(int Exit, string Error)> Invoke(Func<Task<int>> action)
    {
        var error = new StringWriter { NewLine = "\n" };
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (await action(), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
