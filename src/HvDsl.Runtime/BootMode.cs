namespace HvDsl.Runtime;

/// <summary>The processor mode a flat guest image starts in; <see cref="GuestBoot.Start"/> sets it up.</summary>
public enum BootMode
{
    /// <summary>Real mode: all segment registers 0, SP 0xFFF0.</summary>
    Real,
    /// <summary>Flat 32-bit protected mode without paging.</summary>
    Protected,
    /// <summary>Flat 32-bit protected mode with paging identity-mapping RAM.</summary>
    Paged,
    /// <summary>64-bit long mode with paging identity-mapping RAM.</summary>
    Long,
}
