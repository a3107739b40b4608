using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>DAA: adjusts AL after adding packed BCD; returns the new AL.</summary>
    public static ulong Daa(ulong al, ref ulong flags)
    {
        al &= 0xFF;
        ulong r = al;
        ulong cf = 0, af = 0;
        if ((al & 0xF) > 9 || (flags & RFlags.AF) != 0)
        {
            r += 6;
            af = RFlags.AF;
        }
        if (al > 0x99 || (flags & RFlags.CF) != 0)
        {
            r += 0x60;
            cf = RFlags.CF;
        }
        r &= 0xFF;
        Set(ref flags, RFlags.Arithmetic, cf | af | Szp(1, r) | BcdOverflow(al, r));
        return r;
    }

    /// <summary>DAS: adjusts AL after subtracting packed BCD; returns the new AL.</summary>
    public static ulong Das(ulong al, ref ulong flags)
    {
        al &= 0xFF;
        ulong r = al;
        ulong cf = 0, af = 0;
        if ((al & 0xF) > 9 || (flags & RFlags.AF) != 0)
        {
            r -= 6;
            af = RFlags.AF;
            // The low-digit adjustment's borrow sets CF too (SDM pseudo-code; the 286 agrees).
            if (al < 6)
                cf = RFlags.CF;
        }
        if (al > 0x99 || (flags & RFlags.CF) != 0)
        {
            r -= 0x60;
            cf = RFlags.CF;
        }
        r &= 0xFF;
        Set(ref flags, RFlags.Arithmetic, cf | af | Szp(1, r) | BcdOverflow(al, r));
        return r;
    }

    /// <summary>OF after DAA/DAS is undefined; processors set it when the adjustment flipped the sign to 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BcdOverflow(ulong before, ulong after) => ((~before & after & 0x80) >> 7) << 11;

    /// <summary>AAA: adjusts AX after adding unpacked BCD; returns the new AX.</summary>
    public static ulong Aaa(ulong ax, ref ulong flags)
    {
        ax &= 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || (flags & RFlags.AF) != 0;
        ulong r = adjust ? ax + 0x106 : ax;
        r &= 0xFF0F;
        ulong carry = adjust ? RFlags.AF | RFlags.CF : 0;
        Set(ref flags, RFlags.Arithmetic, carry | Szp(1, r & 0xFF));
        return r;
    }

    /// <summary>AAS: adjusts AX after subtracting unpacked BCD; returns the new AX.</summary>
    public static ulong Aas(ulong ax, ref ulong flags)
    {
        ax &= 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || (flags & RFlags.AF) != 0;
        ulong r = adjust ? ax - 0x106 : ax;
        r &= 0xFF0F;
        ulong carry = adjust ? RFlags.AF | RFlags.CF : 0;
        Set(ref flags, RFlags.Arithmetic, carry | Szp(1, r & 0xFF));
        return r;
    }

    /// <summary>AAM: AH = AL / <paramref name="imm"/>, AL = AL mod <paramref name="imm"/>; false for #DE (divisor 0).</summary>
    public static bool Aam(ulong ax, byte imm, out ulong result, ref ulong flags)
    {
        result = ax & 0xFFFF;
        if (imm == 0)
            return false;
        ulong al = ax & 0xFF;
        result = ((al / imm) << 8) | (al % imm);
        // CF, OF and AF are undefined: processors compute them as a logic operation on the new AL.
        Set(ref flags, RFlags.Arithmetic, Szp(1, result & 0xFF));
        return true;
    }

    /// <summary>AAD: AL = AL + AH × <paramref name="imm"/>, AH = 0; returns the new AX.</summary>
    public static ulong Aad(ulong ax, byte imm, ref ulong flags)
    {
        ulong al = ax & 0xFF;
        ulong product = (((ax >> 8) & 0xFF) * imm) & 0xFF;
        // CF, OF and AF are undefined: processors produce those of the byte addition AL + AH × imm.
        return Add(1, al, product, ref flags);
    }
}
