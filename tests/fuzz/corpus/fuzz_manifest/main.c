// SPDX-License-Identifier: GPL-2.0-or-later WITH Classpath-exception-2.0
/* Copyright (C) 2020-2024 Jane Doe <jane@example.org> */
int main(void)
{
	return 0;
}
