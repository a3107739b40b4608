using System;
using System.Collections.Generic;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>The demo guests <c>hvdsl run --demo NAME</c> runs.</summary>
public static class DemoGuests
{
    /// <summary>Every demo guest, by name.</summary>
    public static IReadOnlyList<DemoGuest> All { get; } =
    [
        new("hello", "real mode -> protected mode -> long mode by itself, printing from each", BootMode.Real, HelloGuest.Load, HelloGuest.Load, HelloGuest.Build),
        new("kernel", "32-bit kernel: IDT, PIC, PIT ticks, RTC, hypercalls, CPUID vendor, ring-3 program with INT 0x80 system calls",
            BootMode.Protected, KernelGuest.Load, KernelGuest.Load, KernelGuest.Build),
        new("timeclient", "fetches the host's time from its TimeServer through the socket-bridge hypercalls and prints it on COM1", BootMode.Long,
            TimeClientGuest.Load, TimeClientGuest.Load, TimeClientGuest.Build),
    ];

    /// <summary>The demo called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static DemoGuest? Find(string name)
    {
        foreach (var guest in All)
        {
            if (string.Equals(guest.Name, name, StringComparison.OrdinalIgnoreCase)) return guest;
        }
        return null;
    }
}
