namespace HvDsl.Runtime.Devices;

/// <summary>The 64 KiB x86 port space. Unclaimed ports read as all ones and ignore writes, as on a PC.</summary>
public sealed class PortIoBus : IoBus
{
    /// <inheritdoc/>
    protected override ulong AddressLimit => 0xFFFF;

    /// <summary>Reads <paramref name="width"/> bytes from <paramref name="port"/>.</summary>
    public ulong Read(ushort port, int width) =>
        TryFind(port, out var device, out var offset) ? device.Read(offset, width) : WidthMask(width);

    /// <summary>Writes <paramref name="width"/> bytes to <paramref name="port"/>.</summary>
    public void Write(ushort port, int width, ulong value)
    {
        if (TryFind(port, out var device, out var offset))
            device.Write(offset, width, value & WidthMask(width));
    }

    internal static ulong WidthMask(int width) => width >= 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
}
