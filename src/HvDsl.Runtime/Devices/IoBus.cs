using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Devices;

/// <summary>
/// Devices placed at address ranges; finds the device for an address and passes the offset.
/// Shared by <see cref="PortIoBus"/> and <see cref="MmioBus"/>.
/// </summary>
public abstract class IoBus
{
    private readonly List<Mapping> _mappings = [];
    private Mapping[] _sorted = [];
    private Mapping _last;

    private readonly record struct Mapping(ulong Start, ulong End, IIoDevice Device);

    /// <summary>The highest address this bus decodes.</summary>
    protected abstract ulong AddressLimit { get; }

    /// <summary>Places <paramref name="device"/> at <paramref name="start"/>; overlapping an earlier device is a setup error.</summary>
    /// <exception cref="ArgumentException">The window is empty, runs past the bus or overlaps another device.</exception>
    public void Register(ulong start, IIoDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var size = device.Size;
        if (size == 0 || start > AddressLimit || size - 1 > AddressLimit - start)
            throw new ArgumentException($"Device {device.GetType().Name} at 0x{start:X} size 0x{size:X} does not fit the bus (limit 0x{AddressLimit:X}).", nameof(start));
        var end = start + size - 1;
        foreach (var m in _mappings)
        {
            if (start <= m.End && m.Start <= end)
                throw new ArgumentException($"Device {device.GetType().Name} at 0x{start:X}-0x{end:X} overlaps {m.Device.GetType().Name} at 0x{m.Start:X}-0x{m.End:X}.", nameof(start));
        }
        _mappings.Add(new Mapping(start, end, device));
        _mappings.Sort((a, b) => a.Start.CompareTo(b.Start));
        _sorted = [.. _mappings];
    }

    /// <summary>Finds the device whose window holds <paramref name="address"/>.</summary>
    public bool TryFind(ulong address, out IIoDevice device, out ulong offset)
    {
        // Devices are hit in runs (a guest polls one register), so the last hit is checked first.
        var last = _last;
        if (last.Device is not null && address >= last.Start && address <= last.End)
        {
            device = last.Device;
            offset = address - last.Start;
            return true;
        }
        var sorted = _sorted;
        int lo = 0, hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var m = sorted[mid];
            if (address < m.Start)
                hi = mid - 1;
            else if (address > m.End)
                lo = mid + 1;
            else
            {
                _last = m;
                device = m.Device;
                offset = address - m.Start;
                return true;
            }
        }
        device = null!;
        offset = 0;
        return false;
    }

    /// <summary>Whether any device overlaps the range.</summary>
    public bool Overlaps(ulong start, ulong end)
    {
        foreach (var m in _sorted)
        {
            if (start <= m.End && m.Start <= end)
                return true;
        }
        return false;
    }

    /// <summary>The devices in address order, with where each starts.</summary>
    internal IEnumerable<(ulong Start, IIoDevice Device)> Placements
    {
        get
        {
            foreach (var m in _sorted)
                yield return (m.Start, m.Device);
        }
    }

    /// <summary>Where <paramref name="device"/> is registered, or null when it is not on this bus.</summary>
    public ulong? StartOf(IIoDevice device)
    {
        foreach (var m in _sorted)
        {
            if (ReferenceEquals(m.Device, device)) return m.Start;
        }
        return null;
    }

    /// <summary>Resets every device on the bus.</summary>
    public void ResetDevices()
    {
        foreach (var m in _sorted)
            m.Device.Reset();
    }
}
