namespace HvDsl.Cli.Tests.Run;

/// <summary>The demo guests run through <c>hvdsl run --demo</c>: exact console output and exit status.</summary>
public sealed class DemoGuestTests
{
    [Fact]
    public void Hello_climbs_from_real_to_long_mode_and_halts_with_status_0()
    {
        var (exit, output, errors) = Cli.Run("run", "--demo", "hello");

        Assert.Equal(0, exit);
        Assert.Equal("Hello from real mode\nHello from protected mode\nHello from long mode\n", output);
        Assert.Contains("VM exits by reason:", errors);
    }

    [Fact]
    public void Kernel_runs_its_ring3_program_to_the_end_and_halts_with_status_0()
    {
        var (exit, output, errors) = Cli.Run("run", "--demo", "kernel", "--max-instructions", "10000000", "--rtc-base", "2000-01-01");

        Assert.Equal(
            "HvDsl demo kernel: 32-bit protected mode\n" +
            "idt: 256 gates, timer at 0x20, system calls at 0x80 (ring 3)\n" +
            "pic: remapped to 0x20/0x28, only IRQ0 unmasked\n" +
            "pit: channel 0, mode 2, 100 Hz\n" +
            "timer: counted 10 ticks with interrupts enabled\n" +
            "rtc: 2000-01-01 00:00:00\n" +
            "hypercall 0x100: console write from the guest\n" +
            "hypercall 0x100 returned 46\n" +
            "hypercall 0x101 wall clock: 946684800\n" +
            "hypercall 0x7777 (unknown) returned -1000\n" +
            "cpuid 0x40000000: hypervisor HvDslHvDslHv\n" +
            "user: hello from ring 3 via int 0x80\n" +
            "user: exiting with status 42\n" +
            "kernel: user program exited with 42 after 3 system calls\n",
            output);
        Assert.Equal(0, exit);
        Assert.StartsWith("VM exits by reason:", errors);
    }

    [Fact]
    public void Demo_list_names_every_demo()
    {
        var (exit, output, _) = Cli.Run("run", "--demo", "list");

        Assert.Equal(0, exit);
        Assert.Contains("hello", output);
        Assert.Contains("kernel", output);
    }

    [Fact]
    public void Unknown_demo_exits_64()
    {
        var (exit, _, errors) = Cli.Run("run", "--demo", "nope");

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: no demo called 'nope'; 'hvdsl run --demo list' shows them", errors.TrimEnd());
    }
}
