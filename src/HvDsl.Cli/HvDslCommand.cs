using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using HvDsl.Cli.Commands;
using HvDsl.Cli.Options;

namespace HvDsl.Cli;

/// <summary>The <c>hvdsl</c> command line: one subcommand per file under <c>Commands/</c>, every one exiting with an <see cref="ExitStatus"/>.</summary>
public static class HvDslCommand
{
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
            foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction(stdout);
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                var command = parsed.CommandResult.Command == root ? "hvdsl" : $"hvdsl {parsed.CommandResult.Command.Name}";
                foreach (var error in parsed.Errors) stderr.WriteLine($"{command}: {error.Message}");
                return ExitStatus.Usage;
            }
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception)
        {
            // A stack trace helps no spec author; one line says what went wrong.
            stderr.WriteLine($"hvdsl: internal error: {exception.GetType().Name}: {exception.Message}");
            return ExitStatus.Internal;
        }
    }
}
