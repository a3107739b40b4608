namespace HvDsl.Runtime.Cpu;

/// <summary>
/// A segment register: the visible selector and the hidden descriptor cache. Attributes use the
/// VMX layout: type bits 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16.
/// </summary>
public struct SegmentRegister
{
    /// <summary>Present bit of <see cref="Attributes"/>.</summary>
    public const uint Present = 1 << 7;
    /// <summary>64-bit code bit.</summary>
    public const uint LongMode = 1 << 13;
    /// <summary>Default-size (D/B) bit.</summary>
    public const uint DefaultBig = 1 << 14;
    /// <summary>Granularity bit.</summary>
    public const uint Granularity = 1 << 15;
    /// <summary>Marks a segment loaded with a null selector.</summary>
    public const uint Unusable = 1 << 16;
    /// <summary>Attributes of a flat present read/write data segment (type 3, S, P, D/B, G).</summary>
    public const uint FlatData = 0x3 | 0x10 | Present | DefaultBig | Granularity;
    /// <summary>Attributes of a flat present execute/read 32-bit code segment (type 0xB, S, P, D/B, G).</summary>
    public const uint FlatCode32 = 0xB | 0x10 | Present | DefaultBig | Granularity;
    /// <summary>Attributes of a present 64-bit code segment (type 0xB, S, P, L, G).</summary>
    public const uint Code64 = 0xB | 0x10 | Present | LongMode | Granularity;
    /// <summary>Attributes of a real-mode segment (type 3, S, P; 64 KiB limit).</summary>
    public const uint RealMode = 0x3 | 0x10 | Present;

    /// <summary>Creates a segment register value.</summary>
    public SegmentRegister(ushort selector, ulong @base, uint limit, uint attributes)
    {
        Selector = selector;
        Base = @base;
        Limit = limit;
        Attributes = attributes;
    }

    /// <summary>The selector as the guest sees it.</summary>
    public ushort Selector;

    /// <summary>Linear base address.</summary>
    public ulong Base;

    /// <summary>Byte-granular limit (already scaled by G).</summary>
    public uint Limit;

    /// <summary>Descriptor attributes (VMX layout).</summary>
    public uint Attributes;

    /// <summary>Descriptor privilege level.</summary>
    public readonly int Dpl => (int)(Attributes >> 5) & 3;

    /// <summary>Whether the D/B bit is set (32-bit default size).</summary>
    public readonly bool IsBig => (Attributes & DefaultBig) != 0;

    /// <summary>Whether the segment was loaded with a null selector.</summary>
    public readonly bool IsUnusable => (Attributes & Unusable) != 0;

    /// <summary>The real-mode segment for <paramref name="selector"/>: base = selector * 16, limit 0xFFFF.</summary>
    public static SegmentRegister Real(ushort selector) => new(selector, (ulong)selector << 4, 0xFFFF, RealMode);
}
