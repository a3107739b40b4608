namespace HvDsl.Runtime.Devices;

/// <summary>
/// Memory-mapped devices in guest-physical space. The vCPU calls them synchronously for loads and
/// stores that miss RAM (as an in-kernel device would be), without a VM exit.
/// </summary>
public sealed class MmioBus : IoBus
{
    /// <inheritdoc/>
    protected override ulong AddressLimit => (1UL << 52) - 1;
}
