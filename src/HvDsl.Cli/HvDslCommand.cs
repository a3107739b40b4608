using System;
using System.CommandLine;
using System.IO;
using HvDsl.Cli.Commands;

namespace HvDsl.Cli;

/// <summary>The <c>hvdsl</c> command line: one subcommand per file under <c>Commands/</c>.</summary>
public static class HvDslCommand
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the input has problems (invalid specs, missing files).</summary>
    public const int Problems = 1;

    /// <summary>Exit code when the command line itself is wrong.</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line with the given output streams; never throws.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = new RootCommand("hvdsl: check and build HvDsl hypervisor specs (.hvspec), run guests on the reference PC and serve their services.");
            root.Subcommands.Add(CheckCommand.Create(stdout, stderr));
            root.Subcommands.Add(GenCommand.Create(stdout, stderr));
            root.Subcommands.Add(DocCommand.Create(stdout, stderr));
            root.Subcommands.Add(RunCommand.Create(stdout, stderr));
            root.Subcommands.Add(ResumeCommand.Create(stdout, stderr));
            root.Subcommands.Add(MigrateCommand.Create(stdout, stderr));
            root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
            root.Subcommands.Add(ConnectCommand.Create(stdout, stderr));
            root.Subcommands.Add(KvmUnitTestsCommand.Create(stdout, stderr));
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors) stderr.WriteLine($"hvdsl: {error.Message}");
                // run's and resume's statuses 1-4 belong to the guest, so their usage errors take EX_USAGE instead.
                return parsed.CommandResult.Command.Name is RunCommand.Name or ResumeCommand.Name or MigrateCommand.Name ? Running.RunExitStatus.Usage : Usage;
            }
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception)
        {
            // A stack trace helps no spec author; one line says what went wrong.
            stderr.WriteLine($"hvdsl: internal error: {exception.GetType().Name}: {exception.Message}");
            return Problems;
        }
    }
}
