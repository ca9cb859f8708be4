from setuptools import setup
setup(name="x", license="GPLv3+", install_requires=["click>=7", "pyyaml"])
