using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>Port 0xE0's latch as the bus sees it: an access of any width at any offset reads or writes its byte lanes.</summary>
public sealed partial class PcTestdevPort
{
    // The bus reaches the device through IIoDevice, so these split what the byte-wide generated Read and Write take.
    ulong IIoDevice.Read(ulong offset, int width) => ByteLanes.Read(Read, offset, width);

    void IIoDevice.Write(ulong offset, int width, ulong value) => ByteLanes.Write(Write, offset, width, value);
}
