using System.CommandLine;
using System.Net;
using HvDsl.Cli.Running;

namespace HvDsl.Cli.Options;

/// <summary>
/// <c>--input FILE|-</c>, <c>--com2 tcp:HOST:PORT</c>, <c>--machine ASSEMBLY[:TYPE]</c> and <c>--no-translate</c>, shared by the commands that continue
/// a saved machine: <c>resume</c> and <c>migrate</c>.
/// </summary>
internal sealed class RestoreOptions
{
    /// <summary>What COM1 receives once the machine is restored.</summary>
    public Option<string> Input { get; } = TypedOptions.File("--input", "File whose bytes COM1 receives from the restored point on; '-' for standard input.");

    /// <summary>The host TCP service COM2 leads to once the machine is restored.</summary>
    public Option<DnsEndPoint?> Com2 { get; } =
        TypedOptions.SerialLine("--com2", "Connect COM2 to this host TCP service while the guest holds DTR; a port open in the snapshot gets a fresh connection.");

    /// <summary>The board the machine was saved on, when it is not the reference PC.</summary>
    public Option<string> Machine { get; } = TypedOptions.Machine();

    /// <summary>Whether the restored machine translates hot code.</summary>
    public TranslationOptions Translation { get; } = new();

    /// <summary>The options, in the order help lists them.</summary>
    public Option[] All => [Input, Com2, Machine, Translation.NoTranslate, Translation.Translate];

    /// <summary>The options' values in <paramref name="result"/>, opened later by <see cref="RestoreArguments.TryOpen"/>.</summary>
    public RestoreArguments Values(ParseResult result) =>
        new(result.GetValue(Input), result.GetValue(Machine), result.GetValue(Com2), Translation.Value(result, out var error), error);
}

/// <summary>The values of <see cref="RestoreOptions"/>.</summary>
/// <param name="Input">The <c>--input</c> file, <c>-</c> or null.</param>
/// <param name="Machine">The <c>--machine</c> argument or null.</param>
/// <param name="Com2">The <c>--com2</c> service or null.</param>
/// <param name="Translate">Whether hot code is translated: unless <c>--no-translate</c> was given.</param>
/// <param name="TranslationError">Why the translation options do not go together, or null.</param>
internal sealed record RestoreArguments(string? Input, string? Machine, DnsEndPoint? Com2, bool Translate, string? TranslationError)
{
    /// <summary>
    /// Loads the machine and opens the input into the session options a restore starts from (RAM and vCPUs come from the snapshot), or says in one
    /// line why not.
    /// </summary>
    public bool TryOpen(out SessionOptions options, out string error)
    {
        options = new SessionOptions { Com2 = Com2, Translate = Translate };
        if (TranslationError is { } problem)
        {
            error = problem;
            return false;
        }
        GuestMachine? machine = null;
        if (Machine is not null && (machine = MachineAssembly.Load(Machine, out error)) is null) return false;
        if (!GuestInput.TryOpen(Input, out var input, out error)) return false;
        options = options with { Machine = machine, Input = input };
        return true;
    }
}
