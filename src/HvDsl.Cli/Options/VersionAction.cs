using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Reflection;

namespace HvDsl.Cli.Options;

/// <summary><c>hvdsl --version</c>: prints hvdsl's own informational version, not the host process's (a test host, say).</summary>
internal sealed class VersionAction(TextWriter stdout) : SynchronousCommandLineAction
{
    /// <summary>The version hvdsl was built as, e.g. <c>0.1.0+COMMIT</c>.</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        stdout.WriteLine(Version);
        return ExitStatus.Ok;
    }
}
