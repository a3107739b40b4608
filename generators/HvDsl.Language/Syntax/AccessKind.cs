namespace HvDsl.Language.Syntax;

/// <summary>How software may access a register, field or MSR (keywords <c>ro wo rw w1c w1s rc wi sc rsvd</c>).</summary>
public enum AccessKind
{
    /// <summary><c>ro</c>: reads return the value; writes leave it unchanged.</summary>
    ReadOnly,

    /// <summary><c>wo</c>: writes store the value; reads return zero.</summary>
    WriteOnly,

    /// <summary><c>rw</c>: reads return what was last written.</summary>
    ReadWrite,

    /// <summary><c>w1c</c>: writing a 1 bit clears that bit; writing 0 leaves it.</summary>
    WriteOneToClear,

    /// <summary><c>w1s</c>: writing a 1 bit sets that bit; writing 0 leaves it.</summary>
    WriteOneToSet,

    /// <summary><c>rc</c>: a read returns the value and then clears it.</summary>
    ReadToClear,

    /// <summary><c>wi</c>: reads return the value; writes are accepted and ignored.</summary>
    WriteIgnored,

    /// <summary><c>sc</c>: self-clearing: writing a 1 triggers the write hook; the bit is never stored and reads 0.</summary>
    SelfClearing,

    /// <summary><c>rsvd</c>: reserved or unimplemented bits: reads always return their reset value; writes are ignored.</summary>
    Reserved,
}
