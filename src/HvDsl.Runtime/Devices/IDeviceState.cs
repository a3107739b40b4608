using System.IO;

namespace HvDsl.Runtime.Devices;

/// <summary>A device whose state goes into VM snapshots.</summary>
public interface IDeviceState
{
    /// <summary>Writes the device's complete state.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Reads back what <see cref="Save"/> wrote, replacing the current state.</summary>
    void Restore(BinaryReader reader);
}
