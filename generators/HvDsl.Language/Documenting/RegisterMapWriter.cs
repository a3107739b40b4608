using System.Globalization;
using System.Linq;
using System.Text;
using HvDsl.Language.Binding;
using HvDsl.Language.Parsing;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Documenting;

/// <summary>
/// Writes a device's register map as Markdown, the way register description tools document hardware:
/// a summary of the window, one table row per register, then each register's fields with their bit ranges.
/// </summary>
public static class RegisterMapWriter
{
    /// <summary>The file name of <paramref name="device"/>'s register map.</summary>
    public static string FileName(BoundDevice device) => device.Name + ".md";

    /// <summary>The register map of <paramref name="device"/> as Markdown.</summary>
    public static string Write(BoundDevice device)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(device.Name).Append(" register map\n\n");
        if (device.Doc is not null) md.Append(device.Doc).Append("\n\n");
        WriteSummary(md, device);
        WriteRegisterTable(md, device);
        foreach (var register in device.Registers.Where(r => r.Fields.Count > 0)) WriteFields(md, register);
        return md.ToString();
    }

    private static void WriteSummary(StringBuilder md, BoundDevice device)
    {
        md.Append("| Property | Value |\n|---|---|\n");
        md.Append("| Window | ").Append(device.Size).Append(" byte(s) |\n");
        md.Append("| Access widths | ").Append(string.Join(", ", device.AccessWidths.Select(w => w * 8 + " bits"))).Append(" |\n");
        md.Append("| Unmapped read | ").Append(Policy(device.UnmappedRead)).Append(" |\n");
        md.Append("| Wrong-width read | ").Append(Policy(device.WrongWidthRead)).Append(" |\n");
        md.Append("| Byte order | ").Append(device.Endian == Endianness.Little ? "little-endian" : "big-endian").Append(" |\n");
        md.Append("| Interrupt line | ").Append(device.Irq ?? "none").Append(" |\n\n");
    }

    private static void WriteRegisterTable(StringBuilder md, BoundDevice device)
    {
        md.Append("## Registers\n\n");
        md.Append("| Offset | Name | Width | Access | Reset | Visible when | Hooks | Description |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var r in device.Registers)
        {
            var hooks = string.Join(", ", new[] { r.ReadHook is null ? null : "read → " + r.ReadHook, r.WriteHook is null ? null : "write → " + r.WriteHook }
                .Where(h => h is not null));
            var condition = r.Condition is null ? "always" : $"{r.Condition.Register}.{r.Condition.Field} == {r.Condition.Value}";
            md.Append("| ").Append(Offset(r)).Append(" | ").Append(r.IsArray ? $"{r.Name}[0..{r.Count - 1}]" : r.Name)
                .Append(" | ").Append(r.Width * 8).Append(" | ").Append(Keyword(r.Access))
                .Append(" | ").Append(Hex(r.Reset, r.Width * 2)).Append(" | ").Append(condition)
                .Append(" | ").Append(hooks).Append(" | ").Append(Cell(r.Doc)).Append(" |\n");
        }
        md.Append('\n');
    }

    private static void WriteFields(StringBuilder md, BoundRegister register)
    {
        md.Append("### ").Append(register.Name).Append(" (").Append(Offset(register)).Append(")\n\n");
        md.Append("| Bits | Field | Access | Reset | Values | Description |\n|---|---|---|---|---|---|\n");
        foreach (var f in register.Fields.OrderByDescending(f => f.High))
        {
            var bits = f.High == f.Low ? f.Low.ToString(CultureInfo.InvariantCulture) : $"{f.High}:{f.Low}";
            var values = string.Join(", ", f.Values.Select(v => $"{v.Name} = {v.Value}"));
            md.Append("| ").Append(bits).Append(" | ").Append(f.Name).Append(" | ").Append(Keyword(f.Access))
                .Append(" | ").Append(Hex(f.Reset, 1)).Append(" | ").Append(values).Append(" | ").Append(Cell(f.Doc)).Append(" |\n");
        }
        md.Append('\n');
    }

    /// <summary>A register's offset; an array shows its first offset and its stride, a state register the word "state".</summary>
    private static string Offset(BoundRegister r) =>
        r.State ? "state" : r.IsArray ? $"{Hex(r.Offset, 2)} + {r.Stride}·i" : Hex(r.Offset, 2);

    private static string Hex(ulong value, int digits) => "0x" + value.ToString("X" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The spec keyword of an access kind, taken from the grammar so both always agree.</summary>
    private static string Keyword(AccessKind kind) => Lexical.AccessKinds.First(k => k.Value == kind).Key;

    private static string Policy(ReadPolicy policy) => policy == ReadPolicy.AllOnes ? "all ones, writes ignored" : "zero, writes ignored";

    /// <summary>Doc text fit for one table cell: one line, pipes escaped.</summary>
    private static string Cell(string? doc) => doc is null ? string.Empty : doc.Replace("|", "\\|").Replace("\r", string.Empty).Replace("\n", " ");
}
