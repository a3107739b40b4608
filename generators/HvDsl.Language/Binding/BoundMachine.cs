using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>A machine: memory, trap and hypercall tables, placed devices and the services its guests may reach.</summary>
/// <param name="Name">The machine name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="MemoryBytes">RAM size in bytes, mapped from guest physical address 0.</param>
/// <param name="Traps">The trap table, or null.</param>
/// <param name="Hypercalls">The hypercall table, or null.</param>
/// <param name="Services">Services a guest may reach.</param>
/// <param name="Devices">Placed devices in source order.</param>
public sealed record BoundMachine(
    string Name, string? Doc, SourceSpan Span, ulong MemoryBytes, string? Traps, string? Hypercalls,
    EquatableArray<string> Services, EquatableArray<BoundPlacement> Devices)
{
    /// <summary>
    /// Where RAM below 4 GiB ends (<c>memory ... below ADDRESS</c>): RAM past it continues at 4 GiB, leaving the addresses
    /// in between to devices and firmware; null when all RAM starts at 0.
    /// </summary>
    public ulong? LowRamEnd { get; init; }
}

/// <summary>A device instance at an address.</summary>
/// <param name="Type">The device type.</param>
/// <param name="Name">The instance name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The placement in its spec.</param>
/// <param name="Space">Port I/O or MMIO.</param>
/// <param name="Address">Base port or physical address.</param>
/// <param name="Size">Window size in bytes (from the device type).</param>
/// <param name="Irq">Interrupt line number, or null.</param>
public sealed record BoundPlacement(string Type, string Name, string? Doc, SourceSpan Span, AddressSpace Space, ulong Address, ulong Size, int? Irq)
{
    /// <summary>One past the last address.</summary>
    public ulong End => Address + Size;

    /// <summary>Lines wired to named outputs (<c>irq Tx 4, Rx 5</c>), in spec order; <see cref="Irq"/> wires the device's first output.</summary>
    public EquatableArray<BoundIrqLine> Lines { get; init; }
}

/// <summary>One interrupt output of a placed device wired to a line.</summary>
/// <param name="Output">The device's output name.</param>
/// <param name="Line">The interrupt line number.</param>
public sealed record BoundIrqLine(string Output, int Line);
