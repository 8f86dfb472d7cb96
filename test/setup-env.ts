// Tests run in Europe/Paris-independent UTC so that nothing depends on the machine's TZ.
process.env.TZ = 'UTC';
