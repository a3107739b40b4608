using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using HvDsl.Runtime;
using HvDsl.Runtime.Memory;

namespace HvDsl.Machines.Pc;

/// <summary>
/// fw_cfg's items as a guest reads them byte by byte from port 0x511: the "QEMU" signature, the feature bitmap
/// (traditional interface only, no DMA), RAM size, CPU count, the RAM limit kvm-unit-tests reads at key 0x11, the
/// kernel command line and an empty file directory. Multi-byte numbers are little-endian, the directory count
/// big-endian, as QEMU gives them; an unknown key is an empty item that reads 0.
/// </summary>
/// <remarks>QEMU keeps the kernel image at key 0x11 when it loads one itself; hvdsl's loaders load it directly.</remarks>
public sealed partial class FwCfg
{
    private byte[] _item = [];
    private int _position;

    /// <summary>The VM whose RAM and vCPUs the items describe; without one they report none.</summary>
    public Vm? Vm { get; set; }

    /// <summary>The kernel command line items 0x14 (its size with the NUL) and 0x15 (its bytes) hold, ASCII; default empty.</summary>
    public string KernelCommandLine { get; set; } = "";

    // QEMU's reset selects the signature.
    partial void OnReset() => Select();

    partial void OnSelect(ushort value) => Select();

    partial void OnDataRead(ref byte value) => value = _position < _item.Length ? _item[_position++] : (byte)0;

    // The command line travels with the device so a resumed guest reads what the saved one was given.
    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(KernelCommandLine);
        writer.Write(_position);
    }

    partial void OnRestore(BinaryReader reader)
    {
        KernelCommandLine = reader.ReadString();
        Select();
        _position = Math.Clamp(reader.ReadInt32(), 0, _item.Length);
    }

    private void Select()
    {
        _item = Selector_ArchLocal ? [] : Item(Selector_Key);
        _position = 0;
    }

    private byte[] Item(Key key) => key switch
    {
        Key.Signature => "QEMU"u8.ToArray(),
        Key.Id => LittleEndian(1, 4),
        Key.Uuid => new byte[16],
        Key.RamSize or Key.MaxRam => LittleEndian(RamBytes, 8),
        Key.NoGraphic => LittleEndian(1, 2),
        Key.NbCpus or Key.MaxCpus => LittleEndian((ulong)(Vm?.Cpus.Count ?? 0), 2),
        Key.BootMenu => LittleEndian(0, 2),
        Key.CmdlineSize => LittleEndian((ulong)Encoding.ASCII.GetByteCount(KernelCommandLine) + 1, 4),
        Key.CmdlineData => [.. Encoding.ASCII.GetBytes(KernelCommandLine), 0],
        Key.FileDir => new byte[4],
        _ => [],
    };

    private ulong RamBytes => Vm is null ? 0 : Vm.Memory.Regions.Where(r => r.Kind == MemoryRegionKind.Ram).Aggregate(0UL, (sum, r) => sum + r.Size);

    private static byte[] LittleEndian(ulong value, int bytes)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return buffer[..bytes];
    }
}
