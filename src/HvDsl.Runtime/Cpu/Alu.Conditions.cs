using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>
    /// For each condition code, a 32-bit set of the OF:SF:ZF:PF:CF combinations where it holds
    /// (bit i for combination i as <see cref="ConditionIndex"/> packs it); built once from the
    /// definitions, so testing a condition is a shift and no branch.
    /// </summary>
    private static readonly uint[] ConditionTable = BuildConditionTable();

    /// <summary>
    /// Whether condition code <paramref name="cc"/> (the low 4 bits of Jcc, SETcc, CMOVcc: 0 = O,
    /// 1 = NO, 2 = B, 3 = AE, 4 = E, 5 = NE, 6 = BE, 7 = A, 8 = S, 9 = NS, 10 = P, 11 = NP, 12 = L,
    /// 13 = GE, 14 = LE, 15 = G) holds for <paramref name="flags"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Condition(int cc, ulong flags) => ((ConditionTable[cc & 15] >> ConditionIndex(flags)) & 1) != 0;

    /// <summary>Packs CF, PF, ZF, SF, OF into bits 0-4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ConditionIndex(ulong flags) =>
        (int)((flags & RFlags.CF) | ((flags >> 1) & 2) | ((flags >> 4) & 0xC) | ((flags >> 7) & 0x10));

    private static uint[] BuildConditionTable()
    {
        var table = new uint[16];
        for (int cc = 0; cc < 16; cc++)
        {
            for (int index = 0; index < 32; index++)
            {
                bool cf = (index & 1) != 0, pf = (index & 2) != 0, zf = (index & 4) != 0, sf = (index & 8) != 0, of = (index & 16) != 0;
                bool holds = (cc >> 1) switch
                {
                    0 => of,
                    1 => cf,
                    2 => zf,
                    3 => cf || zf,
                    4 => sf,
                    5 => pf,
                    6 => sf != of,
                    _ => zf || sf != of,
                };
                if (holds != ((cc & 1) != 0))
                    table[cc] |= 1u << index;
            }
        }
        return table;
    }
}
