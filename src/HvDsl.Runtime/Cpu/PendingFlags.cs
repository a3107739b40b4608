using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

/// <summary>Which computation <see cref="PendingFlags"/> defers.</summary>
internal enum FlagSource : byte
{
    /// <summary>Nothing deferred: RFLAGS' arithmetic bits are current.</summary>
    None,

    /// <summary>ADD or ADC: <c>R = A + B (+ carry)</c>.</summary>
    Add,

    /// <summary>SUB, SBB or CMP: <c>R = A - B (- borrow)</c>.</summary>
    Sub,

    /// <summary>AND, OR, XOR or TEST: flags from <c>R</c> alone.</summary>
    Logic,

    /// <summary>INC: <c>R = A + 1</c>, CF kept (held in <c>B</c>).</summary>
    Inc,

    /// <summary>DEC: <c>R = A - 1</c>, CF kept (held in <c>B</c>).</summary>
    Dec,
}

/// <summary>
/// The operands and result of the last flag-writing micro-op of a block: its six arithmetic flags are computed only
/// when something reads them (a condition, a handler, a fault, the end of the run), so flags the next ALU operation
/// overwrites cost nothing.
/// </summary>
internal struct PendingFlags
{
    public FlagSource Source;
    public byte Size;
    public ulong A, B, R;

    /// <summary>Defers the flags of <paramref name="source"/> on operands <paramref name="a"/>, <paramref name="b"/> with result <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(FlagSource source, int size, ulong a, ulong b, ulong r)
    {
        Source = source;
        Size = (byte)size;
        A = a;
        B = b;
        R = r;
    }

    /// <summary><paramref name="flags"/> with the deferred arithmetic flags filled in (unchanged when nothing is deferred).</summary>
    public readonly ulong Resolve(ulong flags) => Resolve(Source, Size, A, B, R, flags);

    /// <summary>
    /// <paramref name="flags"/> with the arithmetic flags of <paramref name="source"/> on <paramref name="a"/>,
    /// <paramref name="b"/> and <paramref name="r"/> filled in; inlined so a constant source folds to its one case.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Resolve(FlagSource source, int size, ulong a, ulong b, ulong r, ulong flags) => source switch
    {
        FlagSource.None => flags,
        FlagSource.Add => (flags & ~RFlags.Arithmetic) | Alu.AddFlags(size, a, b, r),
        FlagSource.Sub => (flags & ~RFlags.Arithmetic) | Alu.SubFlags(size, a, b, r),
        FlagSource.Logic => (flags & ~RFlags.Arithmetic) | Alu.LogicFlags(size, r),
        FlagSource.Inc => (flags & ~RFlags.Arithmetic) | (Alu.AddFlags(size, a, 1, r) & ~RFlags.CF) | b,
        _ => (flags & ~RFlags.Arithmetic) | (Alu.SubFlags(size, a, 1, r) & ~RFlags.CF) | b,
    };

    /// <summary>
    /// Whether condition code <paramref name="cc"/> (as <see cref="Alu.Condition"/> numbers them) holds; after a SUB, CMP or
    /// logic operation the common conditions come straight from the operands, without resolving the flags.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Condition(int cc, ulong flags)
    {
        var negate = (cc & 1) != 0;
        var top = Size * 8 - 1;
        if (Source == FlagSource.Sub)
        {
            var zero = R == 0;
            var below = Alu.SubBorrow(Size, A, B, R) != 0;
            var less = (((R ^ ((A ^ B) & (A ^ R))) >> top) & 1) != 0; // SF != OF
            switch (cc >> 1)
            {
                case 1: return below != negate;
                case 2: return zero != negate;
                case 3: return (below || zero) != negate;
                case 6: return less != negate;
                case 7: return (less || zero) != negate;
            }
        }
        else if (Source == FlagSource.Logic)
        {
            var zero = R == 0;
            var sign = ((R >> top) & 1) != 0;
            switch (cc >> 1)
            {
                case 0: case 1: return negate; // OF and CF are clear
                case 2: case 3: return zero != negate;
                case 4: case 6: return sign != negate;
                case 7: return (zero || sign) != negate;
            }
        }
        return Alu.Condition(cc, Resolve(flags));
    }

    /// <summary>CF (0 or 1) as <see cref="Resolve(ulong)"/> would set it, without computing the other flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Carry(ulong flags) => Source switch
    {
        FlagSource.None => flags & RFlags.CF,
        FlagSource.Add => Alu.AddCarry(Size, A, B, R),
        FlagSource.Sub => Alu.SubBorrow(Size, A, B, R),
        FlagSource.Logic => 0,
        _ => B,
    };
}
