using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Names FLAGS bits in failure messages.</summary>
internal static class FlagNames
{
    private static readonly (ushort Bit, string Name)[] Bits =
    [
        (0x001, "CF"), (0x004, "PF"), (0x010, "AF"), (0x040, "ZF"), (0x080, "SF"),
        (0x100, "TF"), (0x200, "IF"), (0x400, "DF"), (0x800, "OF"),
    ];

    /// <summary>"CF OF" for the bits set in <paramref name="flags"/>; other bits as hex.</summary>
    public static string Of(ushort flags)
    {
        var names = new List<string>();
        foreach ((ushort bit, string name) in Bits)
        {
            if ((flags & bit) != 0)
                names.Add(name);
            flags &= (ushort)~bit;
        }
        if (flags != 0)
            names.Add($"{flags:X4}");
        return string.Join(" ", names);
    }
}
