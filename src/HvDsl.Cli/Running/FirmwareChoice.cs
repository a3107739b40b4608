namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl run --firmware</c> leaves in the machine before the guest's first instruction.</summary>
internal enum FirmwareChoice
{
    /// <summary>The state a PC BIOS leaves: vector table, BIOS data area, PIC at 0x08/0x70, PIT at 18.2 Hz.</summary>
    Bios,

    /// <summary>Nothing: the machine as it comes out of reset.</summary>
    None,
}
