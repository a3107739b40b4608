using System.IO;

namespace HvDsl.Machines.Pc;

/// <summary>
/// PCI configuration mechanism #1 on a bus with one function: the i440FX host bridge at bus 0, device 0, function 0. CONFIG_DATA
/// reaches the dword CONFIG_ADDRESS selects while its enable bit is set; any other function, or the enable bit clear, reads all
/// ones and takes no write, as on a bus where no device answers the cycle (PCI Local Bus Specification 3.0, 3.2.2.3.2).
/// </summary>
public sealed partial class PciConfigPorts
{
    private const uint NoDevice = 0xFFFF_FFFF;

    /// <summary>The host bridge's configuration space.</summary>
    public I440fxHostBridge HostBridge { get; } = new();

    private bool HostBridgeSelected => Address_Enable && Address_Bus == 0 && Address_Device == 0 && Address_Function == 0;

    private ulong RegisterOffset => Address_Register * 4UL;

    private partial uint ComputeData() => HostBridgeSelected ? (uint)HostBridge.Read(RegisterOffset, 4) : NoDevice;

    private partial void ApplyData(uint value)
    {
        if (HostBridgeSelected) HostBridge.Write(RegisterOffset, 4, value);
    }

    partial void OnReset() => HostBridge.Reset();

    partial void OnSave(BinaryWriter writer) => HostBridge.Save(writer);

    partial void OnRestore(BinaryReader reader) => HostBridge.Restore(reader);
}
