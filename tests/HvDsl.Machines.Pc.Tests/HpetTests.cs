using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The HPET at 0xFED00000 through the MMIO bus: 32-bit halves of its 64-bit registers, the counter on the virtual clock, and its comparators' interrupts.</summary>
public sealed class HpetTests
{
    private const ulong Capabilities = 0x000, Config = 0x010, Status = 0x020, Counter = 0x0F0;
    private const ulong Enable = 1, LegacyRoute = 2;
    private const ulong TimerLevel = 1 << 1, TimerEnable = 1 << 2, TimerPeriodic = 1 << 3, TimerValueSet = 1 << 6, Timer32 = 1 << 8;
    private const ulong TickNanoseconds = 10;
    private const int RoutedPin = 20;

    private static ulong TimerConfig(int n) => 0x100 + 0x20 * (ulong)n;

    private static ulong Comparator(int n) => 0x108 + 0x20 * (ulong)n;

    private static IIoDevice Window(PcMachine pc)
    {
        Assert.True(pc.Vm.Mmio.TryFind(Hpet.DefaultBase, out var window, out var offset));
        Assert.Equal(0UL, offset);
        return window;
    }

    private static ulong Read(PcMachine pc, ulong offset, int width = 8) => Window(pc).Read(offset, width);

    private static void Write(PcMachine pc, ulong offset, ulong value, int width = 8) => Window(pc).Write(offset, width, value);

    // The timer routed to I/O APIC pin 20, level-triggered, so its line's level shows each interrupt.
    private static void RouteLevel(PcMachine pc, int timer, ulong mode) =>
        Write(pc, TimerConfig(timer), mode | TimerLevel | TimerEnable | ((ulong)RoutedPin << 9));

    // Timer 2 as a level-triggered one-shot on pin 20, matching at counter value `at`, and the counter running.
    private static void StartOneShot(PcMachine pc, ulong at)
    {
        RouteLevel(pc, 2, 0);
        Write(pc, Comparator(2), at);
        Write(pc, Config, Enable);
    }

    [Fact]
    public void Period_is_read_by_a_32_bit_load_of_the_capabilities_upper_half()
    {
        using var pc = Guest.Create();
        Assert.Equal(10_000_000UL, Read(pc, Capabilities + 4, 4));
        Assert.Equal(0x8086_A201UL, Read(pc, Capabilities, 4));
        Assert.Equal(0x0098_9680_8086_A201UL, Read(pc, Capabilities));
    }

    [Fact]
    public void Halves_of_a_timer_configuration_read_its_capabilities_and_config_apart()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x00F0_0000UL, Read(pc, TimerConfig(1) + 4, 4));
        Assert.Equal(0x30UL, Read(pc, TimerConfig(1), 4));
    }

    [Fact]
    public void Writing_the_comparator_by_halves_sets_each_half()
    {
        using var pc = Guest.Create();
        Write(pc, Comparator(0), 0x1234_5678, 4);
        Write(pc, Comparator(0) + 4, 0x9ABC_DEF0, 4);
        Assert.Equal(0x9ABC_DEF0_1234_5678UL, Read(pc, Comparator(0)));
    }

    [Fact]
    public void Reserved_and_read_only_bits_of_a_timer_configuration_ignore_writes()
    {
        using var pc = Guest.Create();
        Write(pc, TimerConfig(0), ulong.MaxValue);
        // Writable: 1, 2, 3, 8 and the route 13:9; Tn_VAL_SET_CNF reads 0; the capabilities stay.
        Assert.Equal(0x00F0_0000_0000_3F3EUL, Read(pc, TimerConfig(0)));
    }

    [Fact]
    public void Counter_advances_one_tick_per_10_ns_only_while_enabled()
    {
        using var pc = Guest.Create();
        pc.Advance(1000);
        Assert.Equal(0UL, Read(pc, Counter));
        Write(pc, Config, Enable);
        pc.Advance(1000);
        Assert.Equal(100UL, Read(pc, Counter));
        Write(pc, Config, 0);
        pc.Advance(1000);
        Assert.Equal(100UL, Read(pc, Counter, 4));
        Assert.Equal(0UL, Read(pc, Counter + 4, 4));
    }

    [Fact]
    public void Counter_written_by_its_upper_half_keeps_its_lower_half()
    {
        using var pc = Guest.Create();
        Write(pc, Counter, 0x55, 4);
        Write(pc, Counter + 4, 0x1, 4);
        Assert.Equal(0x1_0000_0055UL, Read(pc, Counter));
    }

    [Fact]
    public void One_shot_level_interrupt_raises_its_routed_pin_once_and_status_clears_by_writing_one()
    {
        using var pc = Guest.Create();
        StartOneShot(pc, 500);
        var line = pc.Vm.GetInterruptLine(RoutedPin);
        pc.AdvanceAndFireTimers(499 * TickNanoseconds);
        Assert.False(line.IsRaised);
        pc.AdvanceAndFireTimers(TickNanoseconds);
        Assert.True(line.IsRaised);
        Assert.Equal(4UL, Read(pc, Status));
        Write(pc, Status, 4);
        Assert.False(line.IsRaised);
        Assert.Equal(0UL, Read(pc, Status));
        pc.AdvanceAndFireTimers(10_000 * TickNanoseconds);
        Assert.False(line.IsRaised);
    }

    [Fact]
    public void Periodic_interrupt_repeats_every_period_and_the_comparator_moves_on()
    {
        using var pc = Guest.Create();
        RouteLevel(pc, 2, TimerPeriodic | TimerValueSet);
        Write(pc, Comparator(2), 1000);
        Write(pc, Comparator(2), 1000);
        Write(pc, Config, Enable);
        var line = pc.Vm.GetInterruptLine(RoutedPin);
        for (var period = 1; period <= 3; period++)
        {
            pc.AdvanceAndFireTimers(1000 * TickNanoseconds);
            Assert.True(line.IsRaised, $"period {period}");
            Assert.Equal(1000UL * (ulong)(period + 1), Read(pc, Comparator(2)));
            Write(pc, Status, 4);
            Assert.False(line.IsRaised);
        }
    }

    [Fact]
    public void Periodic_32_bit_timer_takes_its_period_from_a_low_half_write_after_value_set()
    {
        using var pc = Guest.Create();
        Write(pc, Comparator(2), 0xFFFF_FFFF_0000_0000);
        RouteLevel(pc, 2, TimerPeriodic | TimerValueSet | Timer32);
        Write(pc, Comparator(2), 300, 4);
        Write(pc, Comparator(2), 200, 4);
        Assert.Equal(300UL, Read(pc, Comparator(2)));
        Write(pc, Config, Enable);
        pc.AdvanceAndFireTimers(300 * TickNanoseconds);
        Assert.Equal(500UL, Read(pc, Comparator(2)));
    }

    [Fact]
    public void Legacy_replacement_sends_timer_0_to_irq_0_as_an_edge()
    {
        using var pc = Guest.Create();
        pc.InitializePics();
        Write(pc, TimerConfig(0), TimerEnable);
        Write(pc, Comparator(0), 100);
        Write(pc, Config, Enable | LegacyRoute);
        pc.AdvanceAndFireTimers(100 * TickNanoseconds);
        // OCW3 "read IRR": IR0 latched, and no status bit for an edge.
        pc.Out(0x20, 0x0A);
        Assert.Equal(1, pc.In(0x20) & 1);
        Assert.Equal(0UL, Read(pc, Status));
    }

    [Fact]
    public void Legacy_replacement_sends_timer_1_to_irq_8()
    {
        using var pc = Guest.Create();
        Write(pc, TimerConfig(1), TimerEnable | TimerLevel);
        Write(pc, Comparator(1), 100);
        Write(pc, Config, Enable | LegacyRoute);
        pc.AdvanceAndFireTimers(100 * TickNanoseconds);
        Assert.True(pc.Vm.GetInterruptLine(8).IsRaised);
    }

    [Fact]
    public void A_route_the_capability_does_not_allow_raises_no_line()
    {
        using var pc = Guest.Create();
        Write(pc, TimerConfig(2), TimerLevel | TimerEnable | (5UL << 9));
        Write(pc, Comparator(2), 10);
        Write(pc, Config, Enable);
        pc.AdvanceAndFireTimers(10 * TickNanoseconds);
        Assert.Equal(4UL, Read(pc, Status));
        Assert.False(pc.Vm.GetInterruptLine(5).IsRaised);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Byte_and_word_accesses_read_zero_and_write_nothing(int width)
    {
        using var pc = Guest.Create();
        Assert.Equal(0UL, Read(pc, Capabilities, width));
        Write(pc, Comparator(0), 0x12, width);
        Assert.Equal(ulong.MaxValue, Read(pc, Comparator(0)));
    }

    [Fact]
    public void Snapshot_keeps_the_count_and_the_armed_comparator()
    {
        using var pc = Guest.Create();
        StartOneShot(pc, 500);
        pc.Advance(200 * TickNanoseconds);
        var hpet = pc.Hpet;
        var saved = new System.IO.MemoryStream();
        hpet.Save(new System.IO.BinaryWriter(saved));
        hpet.Reset();
        Assert.Equal(0UL, Read(pc, Counter));
        saved.Position = 0;
        hpet.Restore(new System.IO.BinaryReader(saved));
        Assert.Equal(200UL, Read(pc, Counter));
        pc.AdvanceAndFireTimers(300 * TickNanoseconds);
        Assert.True(pc.Vm.GetInterruptLine(RoutedPin).IsRaised);
    }
}
