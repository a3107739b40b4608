namespace HvDsl.Runtime.Cpu.State;

/// <summary>One x87 data register's 80 bits as stored: a 64-bit significand (explicit integer bit) and sign with 15-bit exponent.</summary>
internal struct X87Register
{
    /// <summary>Bits 63:0, the significand with its explicit integer bit at 63.</summary>
    public ulong Significand;

    /// <summary>Bits 79:64: the sign at bit 15, the biased exponent below it.</summary>
    public ushort SignExponent;
}
