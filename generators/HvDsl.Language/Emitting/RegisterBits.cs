using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// A register's bits grouped by what a read or write does to them, computed once at generation time so the
/// generated code applies every field's access kind with constant masks.
/// </summary>
internal sealed class RegisterBits
{
    public RegisterBits(BoundRegister register)
    {
        All = CSharp.Ones(register.Width);
        for (var bit = 0; bit < register.Width * 8; bit++)
        {
            var kind = register.ReservedOutsideFields ? AccessKind.Reserved : register.Access;
            foreach (var field in register.Fields)
            {
                if (bit >= field.Low && bit <= field.High) kind = field.Access;
            }
            var mask = 1UL << bit;
            switch (kind)
            {
                case AccessKind.WriteOnly: WriteOnly |= mask; Store |= mask; break;
                case AccessKind.ReadWrite: Store |= mask; break;
                case AccessKind.WriteOneToClear: Clear |= mask; break;
                case AccessKind.WriteOneToSet: Set |= mask; break;
                case AccessKind.ReadToClear: ReadToClear |= mask; break;
                case AccessKind.Reserved: Reserved |= mask; break;
                case AccessKind.SelfClearing: SelfClearing |= mask; break;
            }
        }
        ReservedValue = register.Reset & Reserved;
    }

    /// <summary>Every bit of the register.</summary>
    public ulong All { get; }

    /// <summary>Bits that read as zero (<c>wo</c>).</summary>
    public ulong WriteOnly { get; }

    /// <summary>Bits a write stores (<c>rw</c>, <c>wo</c>).</summary>
    public ulong Store { get; }

    /// <summary>Bits a written 1 clears (<c>w1c</c>).</summary>
    public ulong Clear { get; }

    /// <summary>Bits a written 1 sets (<c>w1s</c>).</summary>
    public ulong Set { get; }

    /// <summary>Bits a read clears (<c>rc</c>).</summary>
    public ulong ReadToClear { get; }

    /// <summary>Reserved bits (<c>rsvd</c>): they read as their reset value whatever the storage holds, and writes skip them.</summary>
    public ulong Reserved { get; }

    /// <summary>Self-clearing bits (<c>sc</c>): a written 1 reaches the write hook only; they are never stored and read 0.</summary>
    public ulong SelfClearing { get; }

    /// <summary>What the reserved bits read as.</summary>
    public ulong ReservedValue { get; }

    /// <summary>Bits a read returns from storage.</summary>
    public ulong Readable => All & ~WriteOnly & ~Reserved & ~SelfClearing;

    /// <summary>Bits a write leaves as they were.</summary>
    public ulong Keep => All & ~Store;

    /// <summary>True when a write changes at least one bit.</summary>
    public bool Writable => (Store | Set | Clear) != 0;
}
