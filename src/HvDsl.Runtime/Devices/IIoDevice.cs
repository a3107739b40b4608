namespace HvDsl.Runtime.Devices;

/// <summary>
/// A device window on the port-I/O or MMIO bus. The bus finds the device by address range and
/// passes the offset inside the window, so a device never knows where it is placed.
/// </summary>
/// <remarks>
/// Guest accesses are guest events: a wrong width or an unmapped offset follows the device's own
/// policy (ignore, all ones, ...) and never throws.
/// </remarks>
public interface IIoDevice
{
    /// <summary>Size of the window in bytes (ports for port I/O).</summary>
    ulong Size { get; }

    /// <summary>Reads <paramref name="width"/> bytes (1, 2, 4 or 8) at <paramref name="offset"/>.</summary>
    ulong Read(ulong offset, int width);

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    void Write(ulong offset, int width, ulong value);

    /// <summary>Returns every register to its reset value.</summary>
    void Reset();
}
