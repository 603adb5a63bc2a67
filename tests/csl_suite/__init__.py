"""The Citation Style Language project's processor test suite, run through Memoria's renderer."""
