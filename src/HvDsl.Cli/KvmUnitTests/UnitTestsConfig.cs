using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>
/// Reads <c>unittests.cfg</c> the way kvm-unit-tests' <c>for_each_unittest</c> (scripts/common.bash) does: a <c>[name]</c>
/// line opens an entry, <c>key = value</c> lines fill it, a <c>"""</c> value runs to the line that closes it, and every
/// other line (comments, unknown keys) is passed over.
/// </summary>
internal static partial class UnitTestsConfig
{
    private const string TripleQuote = "\"\"\"";

    /// <summary>The entries of <paramref name="text"/> in file order, or null and <paramref name="error"/> naming the line at fault.</summary>
    public static IReadOnlyList<UnitTestEntry>? Parse(string text, string fileName, out string error)
    {
        error = "";
        var entries = new List<UnitTestEntry>();
        UnitTestEntry? entry = null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r').Trim();
            if (Section().Match(line) is { Success: true } section)
            {
                if (entry is not null) entries.Add(entry);
                entry = new UnitTestEntry(section.Groups[1].Value, index + 1);
                continue;
            }
            if (entry is null || KeyValue().Match(line) is not { Success: true } pair) continue;
            var (key, value) = (pair.Groups[1].Value, pair.Groups[2].Value);
            if (value.StartsWith(TripleQuote, StringComparison.Ordinal))
            {
                var start = index + 1;
                if (ReadQuoted(lines, ref index, value[TripleQuote.Length..]) is not { } quoted)
                {
                    error = $"{fileName}({start}): '{key}' opens a \"\"\" value that no line closes";
                    return null;
                }
                value = quoted;
            }
            entry = With(entry, key, value.Trim());
        }
        if (entry is not null) entries.Add(entry);
        return entries;
    }

    /// <summary>The value from the rest of the opening line to the closing <c>"""</c>, joining lines a backslash continues.</summary>
    private static string? ReadQuoted(string[] lines, ref int index, string first)
    {
        var value = new StringBuilder();
        var current = first;
        while (true)
        {
            var close = current.IndexOf(TripleQuote, StringComparison.Ordinal);
            if (close >= 0) return value.Append(current, 0, close).ToString();
            if (current.EndsWith('\\') && !current.EndsWith(@"\\", StringComparison.Ordinal)) value.Append(current, 0, current.Length - 1);
            else value.Append(current).Append('\n');
            if (++index >= lines.Length) return null;
            current = lines[index].TrimEnd('\r');
        }
    }

    private static UnitTestEntry With(UnitTestEntry entry, string key, string value) => key switch
    {
        "file" => entry with { File = value },
        "smp" => entry with { Smp = value },
        "test_args" => entry with { TestArgs = value },
        "qemu_params" or "extra_params" => entry with { QemuParams = value },
        "arch" => entry with { Arch = value },
        "groups" => entry with { Groups = value },
        "accel" => entry with { Accel = value },
        "machine" => entry with { Machine = value },
        "check" => entry with { Check = value },
        "disabled_if" => entry with { DisabledIf = value },
        "timeout" => entry with { Timeout = value },
        _ => entry,
    };

    [GeneratedRegex(@"^\[(.*)\]$")]
    private static partial Regex Section();

    [GeneratedRegex(@"^([a-z0-9_]+) *= *(.*)$")]
    private static partial Regex KeyValue();
}
