using System;
using System.IO;
using HvDsl.Cli.Migration;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>The error handling <c>hvdsl run</c> and <c>hvdsl resume</c> share around their work.</summary>
internal static class GuestCommand
{
    /// <summary>Writes <c>hvdsl COMMAND: MESSAGE</c> on <paramref name="stderr"/> and returns <see cref="ExitStatus.Usage"/>.</summary>
    public static int Usage(string command, TextWriter stderr, string message)
    {
        stderr.WriteLine($"hvdsl {command}: {message}");
        return ExitStatus.Usage;
    }

    /// <summary>Runs <paramref name="body"/>; an unusable snapshot or kernel, or more guest memory than the host can give, exits 64, an unreachable migration target 69 and anything else 70, each with one line on <paramref name="stderr"/>.</summary>
    public static int Guard(string command, TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception exception) when (exception is SnapshotException or KernelImageException)
        {
            stderr.WriteLine($"hvdsl {command}: {exception.Message}");
            return ExitStatus.Usage;
        }
        catch (InsufficientMemoryException exception)
        {
            stderr.WriteLine($"hvdsl {command}: {exception.Message}");
            return ExitStatus.Usage;
        }
        catch (MigrationException exception)
        {
            stderr.WriteLine($"hvdsl {command}: {exception.Message}");
            return ExitStatus.Unavailable;
        }
        catch (Exception exception)
        {
            // Whatever the guest does, the user gets one line, never a stack trace.
            stderr.WriteLine($"hvdsl {command}: internal error: {exception.GetType().Name}: {exception.Message}");
            return ExitStatus.Internal;
        }
    }
}
