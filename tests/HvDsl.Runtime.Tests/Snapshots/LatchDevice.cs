using System.IO;
using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>A one-port device that keeps the last byte written, with state for snapshots.</summary>
internal sealed class LatchDevice : IIoDevice, IDeviceState
{
    public byte Value { get; set; }

    public ulong Size => 1;

    public ulong Read(ulong offset, int width) => Value;

    public void Write(ulong offset, int width, ulong value) => Value = (byte)value;

    public void Reset() => Value = 0;

    public void Save(BinaryWriter writer) => writer.Write(Value);

    public void Restore(BinaryReader reader) => Value = reader.ReadByte();
}
