using System.Text;

namespace HvDsl.Benchmarks;

/// <summary>Writes a large but valid spec: one device with many registers, a tenth with fields and a bank condition.</summary>
public static class LargeSpec
{
    /// <summary>A device with <paramref name="registers"/> 32-bit registers.</summary>
    public static string Create(int registers)
    {
        var text = new StringBuilder();
        text.AppendLine("/// Generated for the parse-and-bind benchmark.");
        text.AppendLine("device Large {");
        text.AppendLine($"    size {registers * 4 + 4};");
        text.AppendLine("    access 4;");
        text.AppendLine("    register Select @0 : u32 rw { Bank @0; }");
        for (var i = 0; i < registers; i++)
        {
            var offset = 4 + i * 4;
            if (i % 10 == 0)
            {
                text.AppendLine($"    /// Register {i}, banked.");
                text.AppendLine($"    register R{i}A @0x{offset:X} : u32 rw reset 0x{i:X} when Select.Bank == 0 {{");
                text.AppendLine("        Mode @0..1 { Off = 0, Slow = 1, Fast = 2 }");
                text.AppendLine("        Enable @4 w1s;");
                text.AppendLine("        Error @8 w1c;");
                text.AppendLine("    }");
                text.AppendLine($"    register R{i}B @0x{offset:X} : u32 rw when Select.Bank == 1 on write -> OnWrite{i};");
            }
            else
            {
                text.AppendLine($"    register R{i} @0x{offset:X} : u32 rw reset {i}; // plain register");
            }
        }
        text.AppendLine("}");
        return text.ToString();
    }
}
