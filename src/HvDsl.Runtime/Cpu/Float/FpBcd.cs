using System;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>The x87 80-bit packed BCD format: 18 digits in bytes 0-8 (low digit in the low nibble), the sign in bit 7 of byte 9.</summary>
internal static class FpBcd
{
    /// <summary>The largest magnitude the format holds: eighteen nines.</summary>
    public const ulong Maximum = 999_999_999_999_999_999;

    /// <summary>FBSTP's "BCD indefinite" for an invalid operation: bytes 7-9 are C0, FF, FF.</summary>
    public static readonly byte[] Indefinite = [0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF];

    /// <summary>
    /// FBLD: the exact extended value of a packed BCD operand. A nibble above 9 is undefined by the SDM;
    /// it is read with its binary weight (digit × 10^position), as the host processor the tests run on does.
    /// </summary>
    public static FpValue Load(ReadOnlySpan<byte> bcd, FpEnvironment env)
    {
        ulong magnitude = 0;
        for (int i = 8; i >= 0; i--)
            magnitude = magnitude * 100 + (ulong)(bcd[i] >> 4) * 10 + (ulong)(bcd[i] & 0xF);
        bool sign = (bcd[9] & 0x80) != 0;
        return FpRounder.Round(sign, magnitude, 0, FpFormat.Extended, 64, env);
    }

    /// <summary>
    /// FBSTP: the value rounded to an integer under the control word and written as packed BCD; NaN, infinity and
    /// magnitudes above <see cref="Maximum"/> raise IE and write the BCD indefinite.
    /// </summary>
    public static void Store(FpValue a, Span<byte> bcd, FpEnvironment env)
    {
        env.RoundedUp = false;
        if (a.Kind is FpKind.Unsupported or FpKind.QuietNaN or FpKind.SignalingNaN or FpKind.Infinity)
        {
            env.Raise(FpExceptions.Invalid);
            Indefinite.CopyTo(bcd);
            return;
        }
        ulong magnitude = 0;
        if (a.Kind == FpKind.Finite)
        {
            var part = FpConvert.IntegerPart(a, env.Rounding);
            if (part.Huge || part.Magnitude > Maximum)
            {
                env.Raise(FpExceptions.Invalid);
                Indefinite.CopyTo(bcd);
                return;
            }
            if (part.Inexact)
                env.Raise(FpExceptions.Precision);
            env.RoundedUp = part.Incremented;
            magnitude = (ulong)part.Magnitude;
        }
        for (int i = 0; i < 9; i++)
        {
            bcd[i] = (byte)((magnitude % 10) | ((magnitude / 10 % 10) << 4));
            magnitude /= 100;
        }
        bcd[9] = a.Sign ? (byte)0x80 : (byte)0;
    }
}
