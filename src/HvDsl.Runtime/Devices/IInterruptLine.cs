namespace HvDsl.Runtime.Devices;

/// <summary>A level-triggered interrupt line from a device to the interrupt controller.</summary>
public interface IInterruptLine
{
    /// <summary>Drives the line high; it stays high until <see cref="Lower"/>.</summary>
    void Raise();

    /// <summary>Drives the line low.</summary>
    void Lower();

    /// <summary>Whether the line is currently high.</summary>
    bool IsRaised { get; }
}
