using System.CommandLine;
using System.IO;
using HvDsl.Cli.Running;

namespace HvDsl.Cli.Options;

/// <summary><c>--input FILE|-</c> and <c>--machine ASSEMBLY[:TYPE]</c>, shared by the commands that continue a saved machine: <c>resume</c> and <c>migrate</c>.</summary>
internal sealed class RestoreOptions
{
    /// <summary>What COM1 receives once the machine is restored.</summary>
    public Option<string> Input { get; } = TypedOptions.File("--input", "File whose bytes COM1 receives from the restored point on; '-' for standard input.");

    /// <summary>The board the machine was saved on, when it is not the reference PC.</summary>
    public Option<string> Machine { get; } = TypedOptions.Machine();

    /// <summary>The two options' text in <paramref name="result"/>, opened later by <see cref="RestoreArguments.TryOpen"/>.</summary>
    public RestoreArguments Values(ParseResult result) => new(result.GetValue(Input), result.GetValue(Machine));
}

/// <summary>The text of <see cref="RestoreOptions"/>' two options.</summary>
/// <param name="Input">The <c>--input</c> file, <c>-</c> or null.</param>
/// <param name="Machine">The <c>--machine</c> argument or null.</param>
internal sealed record RestoreArguments(string? Input, string? Machine)
{
    /// <summary>Loads the machine (null for the reference PC) and opens the input (null without one), or says in one line why not.</summary>
    public bool TryOpen(out GuestMachine? machine, out Stream? input, out string error)
    {
        input = null;
        machine = null;
        if (Machine is not null && (machine = MachineAssembly.Load(Machine, out error)) is null) return false;
        return GuestInput.TryOpen(Input, out input, out error);
    }
}
