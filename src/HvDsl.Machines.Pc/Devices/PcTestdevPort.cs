using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>Port 0xE0's latch as the bus sees it: an access of any width at any offset reads or writes its byte lanes.</summary>
public sealed partial class PcTestdevPort : IByteWindow
{
    // The bus reaches the device through IIoDevice, so these split what the byte-wide generated Read and Write take.
    ulong IIoDevice.Read(ulong offset, int width) => ByteLanes.Read(this, offset, width);

    void IIoDevice.Write(ulong offset, int width, ulong value) => ByteLanes.Write(this, offset, width, value);

    byte IByteWindow.ReadByte(ulong offset) => (byte)Read(offset, 1);

    void IByteWindow.WriteByte(ulong offset, byte value) => Write(offset, 1, value);
}
