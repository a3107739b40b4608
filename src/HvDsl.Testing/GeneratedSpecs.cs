using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HvDsl.Testing;

/// <summary>What the generator produced from a set of specs: its files in name order and its diagnostics, as stable text.</summary>
public sealed class GeneratedSpecs
{
    /// <summary>What <c>[GeneratedCode("HvDsl", ...)]</c> reads in place of the generator's version unless <see cref="SpecGenerationOptions.KeepVersion"/>.</summary>
    public const string VersionPlaceholder = "{version}";

    internal GeneratedSpecs(IReadOnlyList<GeneratedFile> files, IReadOnlyList<string> diagnostics)
    {
        Files = files;
        Diagnostics = diagnostics;
    }

    /// <summary>Every generated file, ordered by hint name.</summary>
    public IReadOnlyList<GeneratedFile> Files { get; }

    /// <summary>Every diagnostic, one line each (<c>path(line,col): error HVnnnn: message</c>, without the position unless line numbers are kept).</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary>The text of the file named <paramref name="hintName"/>, e.g. <c>Thermometer.Device.g.cs</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such file was generated; the message lists those that were.</exception>
    public string File(string hintName) =>
        Files.FirstOrDefault(f => f.HintName == hintName)?.Text
        ?? throw new KeyNotFoundException($"the specs generate no {hintName}; they generate {string.Join(", ", Files.Select(f => f.HintName))}");

    /// <summary>All files, each under a <c>// ---- HintName ----</c> line, then the diagnostics: one snapshot for a whole spec set.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var file in Files) text.Append("// ---- ").Append(file.HintName).Append(" ----\n").Append(file.Text);
        if (Diagnostics.Count > 0) text.Append("// ---- diagnostics ----\n").Append(string.Join("\n", Diagnostics)).Append('\n');
        return text.ToString();
    }
}
