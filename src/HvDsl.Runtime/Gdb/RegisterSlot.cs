namespace HvDsl.Runtime.Gdb;

/// <summary>Where in the architectural state a register of a target description lives.</summary>
internal enum RegisterSlot
{
    /// <summary>A general-purpose register; the index is its encoding number.</summary>
    Gpr,
    Rip,
    Eflags,
    /// <summary>A segment selector; the index is ES..GS in Iced's order.</summary>
    Selector,
    /// <summary>A segment's hidden base; the index is ES..GS in Iced's order.</summary>
    SegmentBase,
    KernelGsBase,
    /// <summary>ST(index), the x87 stack by its top.</summary>
    St,
    Fctrl,
    Fstat,
    Ftag,
    Fiseg,
    Fioff,
    Foseg,
    Fooff,
    Fop,
    Xmm,
    Mxcsr,
    Cr0,
    Cr2,
    Cr3,
    Cr4,
    Cr8,
    Efer,
}
