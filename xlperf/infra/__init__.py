"""Adapters to the machine: file safety, atomic writes, LibreOffice, logging, the example data, the Windows installer.
"""
