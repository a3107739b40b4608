namespace HvDsl.Runtime.Devices;

/// <summary>An interrupt line numbered on a VM; forwards level changes to the VM's controller.</summary>
public sealed class InterruptLine : IInterruptLine
{
    private readonly Vm _vm;

    internal InterruptLine(Vm vm, int number)
    {
        _vm = vm;
        Number = number;
    }

    /// <summary>The line number (IRQ) on the controller.</summary>
    public int Number { get; }

    /// <inheritdoc/>
    public bool IsRaised { get; private set; }

    /// <inheritdoc/>
    public void Raise() => Set(true);

    /// <summary>Sets the level a snapshot recorded without telling the controller, whose own state the snapshot restores.</summary>
    internal void RestoreLevel(bool high) => IsRaised = high;

    /// <inheritdoc/>
    public void Lower() => Set(false);

    private void Set(bool high)
    {
        if (IsRaised == high)
            return;
        IsRaised = high;
        _vm.InterruptController?.SetLevel(Number, high);
    }
}
