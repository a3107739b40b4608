using System.CommandLine;

namespace HvDsl.Cli.Options;

/// <summary><c>--no-translate</c> and the older <c>--translate</c>, shared by <c>run</c> and <c>resume</c>.</summary>
internal sealed class TranslationOptions
{
    /// <summary>Every instruction in the interpreter, for comparison.</summary>
    public Option<bool> NoTranslate { get; } = new("--no-translate")
    {
        Description = "Run every instruction in the interpreter instead of translating hot guest code to .NET IL (the guest sees no difference).",
    };

    /// <summary>Translation, which is the default: accepted so that older command lines still run.</summary>
    public Option<bool> Translate { get; } = new("--translate") { Description = "Translate hot guest code to .NET IL (the default)." };

    /// <summary>Whether hot code is translated; <paramref name="error"/> is set when both options are given.</summary>
    public bool Value(ParseResult result, out string? error)
    {
        var off = result.GetValue(NoTranslate);
        error = off && result.GetValue(Translate) ? "--translate and --no-translate do not go together" : null;
        return !off;
    }
}
